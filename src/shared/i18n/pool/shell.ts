import { poolCatalog } from './catalog';

/** The pool app's frame: top bar, navigation, states every screen shares. */
export const shell = poolCatalog(
  {
    appName: 'Leadpond 客户池',
    skipToContent: '跳到正文',
    nav: {
      label: '主导航',
      dashboard: '看板',
      events: '活动',
      customers: '客户',
      duplicates: '疑似重复',
      settings: '设置',
      users: '用户',
      webhooks: 'Webhook',
    },
    user: {
      menu: '账户：{{name}}',
      signedInAs: '已登录：{{email}}',
      signOut: '退出登录',
      signOutEverywhere: '在所有设备上退出',
      signOutEverywhereDone: '已在所有设备上退出。',
    },
    roles: { admin: '管理员', marketing: '市场', sales: '销售' },
    language: { label: '语言', 'zh-CN': '中文', en: 'English' },
    state: {
      loading: '加载中…',
      retry: '重试',
      forbidden: '没有权限',
      forbiddenHint: '您的角色（{{role}}）不能打开此页面。如需权限，请联系管理员。',
      notFound: '页面不存在',
      notFoundHint: '链接可能有误，或内容已被删除。',
      home: '返回首页',
    },
    error: {
      network: '无法连接客户池，请检查网络后重试。',
      sessionEnded: '登录已失效，请重新登录。',
      unknown: '出错了：{{message}}',
    },
  },
  {
    appName: 'Leadpond customer pool',
    skipToContent: 'Skip to content',
    nav: {
      label: 'Main navigation',
      dashboard: 'Dashboard',
      events: 'Events',
      customers: 'Customers',
      duplicates: 'Possible duplicates',
      settings: 'Settings',
      users: 'Users',
      webhooks: 'Webhooks',
    },
    user: {
      menu: 'Account: {{name}}',
      signedInAs: 'Signed in as {{email}}',
      signOut: 'Sign out',
      signOutEverywhere: 'Sign out everywhere',
      signOutEverywhereDone: 'Signed out on every device.',
    },
    roles: { admin: 'Admin', marketing: 'Marketing', sales: 'Sales' },
    language: { label: 'Language', 'zh-CN': '中文', en: 'English' },
    state: {
      loading: 'Loading…',
      retry: 'Try again',
      forbidden: 'Not allowed',
      forbiddenHint: 'Your role ({{role}}) cannot open this page. Ask an admin for access.',
      notFound: 'Page not found',
      notFoundHint: 'The link may be wrong, or what it pointed to was deleted.',
      home: 'Back to the start page',
    },
    error: {
      network: 'The customer pool cannot be reached. Check the network and try again.',
      sessionEnded: 'Your session has ended. Please sign in again.',
      unknown: 'Something went wrong: {{message}}',
    },
  },
);
