import { profileTextZhCN } from '../profile-text';
/**
 * The attendee phone page's own small catalog: the page must stay far under 100 KB of script, so
 * it never loads the staff app's catalogs. Keys under `errors` are the i18n keys the API returns
 * in `error.fields` (the same keys PersonInputSchema uses).
 */
export const attendeeZhCN = {
  title: '展位登记',
  loading: '正在加载…',
  welcome: '欢迎来到 {{event}}',
  welcomeBack: '欢迎回来！只需补充以下信息。',
  nothingToAsk: '您的信息已完整，无需再填写。',
  yourDetails: '您的信息',
  fields: profileTextZhCN.fields,
  placeholders: {
    name: '例如：王伟',
    phone: '例如：138 0013 8000',
    email: '例如：name@company.com',
    wechatId: '微信号',
    company: '公司名称',
    title: '例如：市场总监',
    department: '例如：市场部',
    industry: '例如：制造业',
    companySize: '例如：100-500 人',
    province: '例如：广东',
    city: '例如：深圳',
  },
  required: '必填',
  emailForPapers: '白皮书将发送到此邮箱',
  papers: '索取白皮书',
  draws: '参加抽奖',
  interests: '我还想要',
  demo: '预约产品演示',
  trial: '申请免费试用',
  consentTitle: '个人信息授权',
  consent: '我已阅读并同意上述个人信息处理说明',
  submit: '提交',
  submitting: '正在提交…',
  retry: '重试提交',
  networkFailed: '网络连接失败，您填写的内容已保留。请检查网络后重试。',
  serverFailed: '服务暂时不可用，您填写的内容已保留，请稍后重试。',
  fixErrors: '请修正标出的内容。',
  thanks: '谢谢！',
  thanksBody: '已收到您的提交。',
  youDid: '您已完成：',
  doneRegistered: '已登记',
  doneCheckedIn: '已签到',
  doneContent: '已索取白皮书：{{title}}',
  doneDraw: '已参加抽奖：{{title}}',
  doneDemo: '已预约产品演示',
  doneTrial: '已申请免费试用',
  downloads: '下载',
  download: '下载 {{title}}',
  mailLater: '下载链接将发送到您的邮箱。',
  again: '返回',
  rescanTitle: '请重新扫描展位二维码',
  rescanBody: '此链接已过期或无效。请在展位屏幕上重新扫描二维码。',
  rescanExpired: '此链接已过期。请在展位屏幕上重新扫描二维码。',
  loadFailed: '无法加载页面，请检查网络后重试。',
  reload: '重新加载',
  errors: {
    ...profileTextZhCN.errors,
    emailForPapers: '索取白皮书需要填写邮箱',
    unknownOffer: '所选内容已不可用，请刷新页面',
    rateLimited: '操作太频繁，请稍后再试',
  },
};

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
/** Every language must have every key of the default one (the compiler checks `en`). */
export type AttendeeCatalog = Widen<typeof attendeeZhCN>;
