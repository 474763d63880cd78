import{j as e,R as r,h as o,u as t}from"./index-D7gAfRTv.js";function a(){return e.jsx(r,{to:o(t().role),replace:!0})}export{a as Home};
