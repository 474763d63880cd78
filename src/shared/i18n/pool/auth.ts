import { poolCatalog } from './catalog';

/** Sign-in, the first admin's set-up page and the invitation page. */
export const auth = poolCatalog(
  {
    fields: {
      name: '姓名',
      email: '邮箱',
      password: '密码',
      newPassword: '设置密码',
      passwordAgain: '再次输入密码',
      passwordHint: '至少 {{min}} 个字符。可以用一句好记的话。',
    },
    validation: {
      nameRequired: '请填写姓名。',
      emailInvalid: '请填写有效的邮箱地址。',
      passwordRequired: '请填写密码。',
      passwordTooShort: '密码至少需要 {{min}} 个字符。',
      passwordTooLong: '密码最多 {{max}} 个字符。',
      passwordsDiffer: '两次输入的密码不一致。',
    },
    signIn: {
      title: '登录客户池',
      submit: '登录',
      submitting: '正在登录…',
      wrong: '邮箱或密码不正确。',
      tooMany: '登录失败次数过多，请 15 分钟后再试。',
      sessionEnded: '登录已失效，请重新登录。',
      noAccount: '还没有账户？请让管理员发送邀请链接。',
    },
    setup: {
      title: '设置客户池',
      intro: '您是第一位管理员。请填写您的姓名、邮箱和密码，之后用它们登录，并邀请同事。',
      submit: '创建管理员并登录',
      submitting: '正在创建…',
      invalid: '此设置链接已使用或无效。客户池已设置好，请直接登录，或让管理员邀请您。',
      toSignIn: '去登录',
    },
    invite: {
      title: '接受邀请',
      intro: '请为您的客户池账户设置密码。接受后即自动登录。',
      submit: '设置密码并登录',
      submitting: '正在保存…',
      invalid: '此邀请链接已使用、已过期或无效。请让管理员重新邀请您。',
      emailTaken: '此邮箱已有账户，请直接登录。',
      toSignIn: '去登录',
    },
    error: {
      network: '无法连接客户池，请检查网络后重试。',
      refused: '请求被拒绝：请在客户池网页本身操作。',
      unknown: '出错了：{{message}}',
    },
  },
  {
    fields: {
      name: 'Name',
      email: 'Email',
      password: 'Password',
      newPassword: 'Choose a password',
      passwordAgain: 'Password again',
      passwordHint: 'At least {{min}} characters. A sentence you remember works well.',
    },
    validation: {
      nameRequired: 'Enter your name.',
      emailInvalid: 'Enter a valid email address.',
      passwordRequired: 'Enter your password.',
      passwordTooShort: 'The password needs at least {{min}} characters.',
      passwordTooLong: 'The password can have at most {{max}} characters.',
      passwordsDiffer: 'The two passwords differ.',
    },
    signIn: {
      title: 'Sign in to the customer pool',
      submit: 'Sign in',
      submitting: 'Signing in…',
      wrong: 'The email or password is wrong.',
      tooMany: 'Too many failed sign-ins. Try again in 15 minutes.',
      sessionEnded: 'Your session has ended. Please sign in again.',
      noAccount: 'No account yet? Ask an admin to send you an invitation link.',
    },
    setup: {
      title: 'Set up the customer pool',
      intro:
        'You are the first admin. Choose your name, email and password; you sign in with them and invite your colleagues.',
      submit: 'Create admin and sign in',
      submitting: 'Creating…',
      invalid:
        'This set-up link is used up or not valid. The pool is set up already: sign in, or ask an admin to invite you.',
      toSignIn: 'Go to sign-in',
    },
    invite: {
      title: 'Accept the invitation',
      intro: 'Choose a password for your customer pool account. You are signed in right after.',
      submit: 'Set password and sign in',
      submitting: 'Saving…',
      invalid:
        'This invitation link is used up, expired or not valid. Ask an admin to invite you again.',
      emailTaken: 'This email has an account already: sign in instead.',
      toSignIn: 'Go to sign-in',
    },
    error: {
      network: 'The customer pool cannot be reached. Check the network and try again.',
      refused: 'The request was refused: use the customer pool page itself.',
      unknown: 'Something went wrong: {{message}}',
    },
  },
);
