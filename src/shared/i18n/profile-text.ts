/**
 * Texts every person form shows, in the staff app and on the attendee phone page alike: the
 * field labels and the messages of PersonInputSchema's i18n keys. Both catalogs take them from
 * here, so a label reads the same wherever an attendee meets it; the phone page imports only this,
 * not the staff app's catalogs.
 */
export const profileTextZhCN = {
  fields: {
    name: '姓名',
    phone: '手机号',
    email: '邮箱',
    wechatId: '微信号',
    company: '公司',
    title: '职位',
    department: '部门',
    industry: '行业',
    companySize: '公司规模',
    province: '省份',
    city: '城市',
  },
  errors: {
    required: '必填',
    tooLong: '内容过长',
    phone: '手机号无效，请检查位数（国外号码请加国家代码，如 +1）',
    email: '邮箱格式不正确',
    wechat: '微信号不能包含空格',
    consent: '请勾选同意个人信息授权',
    invalid: '内容无效',
    badCharacters: '含有无法保存的字符（空字符或残缺的 Unicode 字符）',
  },
};

export const profileTextEn: typeof profileTextZhCN = {
  fields: {
    name: 'Name',
    phone: 'Mobile phone',
    email: 'Email',
    wechatId: 'WeChat ID',
    company: 'Company',
    title: 'Job title',
    department: 'Department',
    industry: 'Industry',
    companySize: 'Company size',
    province: 'Province / state',
    city: 'City',
  },
  errors: {
    required: 'Required',
    tooLong: 'Too long',
    phone: 'Not a valid phone number (add the country code for foreign numbers, e.g. +1)',
    email: 'Not a valid email address',
    wechat: 'A WeChat ID has no spaces',
    consent: 'Please agree to the privacy notice',
    invalid: 'Invalid value',
    badCharacters:
      'Contains characters that cannot be stored (a NUL byte or a broken Unicode character)',
  },
};
