import { CATALOGS, LANGUAGES } from '../i18n';
import { PROFILE_FIELDS, type ProfileField } from '../schemas';

/**
 * Which attendee-file headers the import understands. Organizers' spreadsheets come from many
 * registration systems, in English or Chinese, so a header is normalized (case, width, spaces,
 * punctuation, required-markers like `姓名*`) and looked up in this alias table. The app's own
 * field labels and export headers (both languages) are aliases too, so an export re-imports.
 */
export type ImportColumn = ProfileField | 'consent' | 'badgeCode';

const ALIASES: Record<ImportColumn, string[]> = {
  name: [
    'name',
    'full name',
    'contact',
    '姓名',
    '名字',
    '联系人',
    '参会人',
    '参会人姓名',
    '客户姓名',
  ],
  phone: [
    'phone',
    'mobile',
    'mobile phone',
    'mobile number',
    'phone number',
    'cell',
    'cellphone',
    'tel',
    'telephone',
    '手机',
    '手机号',
    '手机号码',
    '电话',
    '联系电话',
    '移动电话',
  ],
  email: [
    'email',
    'e-mail',
    'email address',
    'mail',
    '邮箱',
    '电子邮箱',
    '电子邮件',
    '邮件',
    '邮箱地址',
  ],
  wechatId: ['wechat', 'wechat id', 'weixin', 'wx', '微信', '微信号', '微信id'],
  company: [
    'company',
    'company name',
    'organization',
    'organisation',
    'org',
    '公司',
    '公司名称',
    '单位',
    '单位名称',
    '企业',
    '企业名称',
    '工作单位',
  ],
  title: ['title', 'job title', 'position', '职位', '职务', '头衔', '岗位'],
  department: ['department', 'dept', '部门'],
  industry: ['industry', '行业', '所属行业'],
  companySize: ['company size', 'employees', 'headcount', '公司规模', '企业规模', '规模', '人数'],
  province: ['province', 'state', '省份', '省', '所在省份'],
  city: ['city', '城市', '市', '所在城市'],
  consent: [
    'consent',
    'marketing consent',
    'opt in',
    'opt-in',
    '同意',
    '授权',
    '营销授权',
    '是否同意',
    '是否授权',
  ],
  badgeCode: ['badge', 'badge code', 'badge id', '胸卡', '胸卡号', '胸卡编号', '参会证号'],
};

/** Lower case, half width, without spaces, punctuation or a trailing required-marker. */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-./\\()[\]:：*＊'"]+/g, '');
}

function buildAliasIndex(): Map<string, ImportColumn> {
  const index = new Map<string, ImportColumn>();
  const add = (alias: string, column: ImportColumn) => {
    const key = normalizeHeader(alias);
    if (key !== '' && !index.has(key)) index.set(key, column);
  };
  for (const [column, aliases] of Object.entries(ALIASES) as [ImportColumn, string[]][]) {
    for (const alias of aliases) add(alias, column);
  }
  for (const language of LANGUAGES) {
    const catalog = CATALOGS[language];
    for (const field of PROFILE_FIELDS) add(catalog.fields[field], field);
    add(catalog.export.columns.consent, 'consent');
  }
  return index;
}

const ALIAS_INDEX = buildAliasIndex();

export function columnForHeader(header: string): ImportColumn | null {
  return ALIAS_INDEX.get(normalizeHeader(header)) ?? null;
}

export type HeaderMapping =
  | {
      ok: true;
      /** Per column of the file: the field it fills, or null when ignored. */
      columns: (ImportColumn | null)[];
      mapped: Record<string, ImportColumn>;
      ignored: string[];
    }
  | { ok: false; message: string };

/** Maps a header row; two columns meaning the same field is an error (which one would win?). */
export function mapHeader(header: readonly string[]): HeaderMapping {
  const columns: (ImportColumn | null)[] = [];
  const mapped: Record<string, ImportColumn> = {};
  const ignored: string[] = [];
  const seen = new Map<ImportColumn, string>();
  for (const raw of header) {
    const title = raw.trim();
    const column = title === '' ? null : columnForHeader(title);
    if (column === null) {
      if (title !== '') ignored.push(title);
      columns.push(null);
      continue;
    }
    const earlier = seen.get(column);
    if (earlier !== undefined) {
      return {
        ok: false,
        message: `columns "${earlier}" and "${title}" both mean ${column}; keep one of them`,
      };
    }
    seen.set(column, title);
    mapped[title] = column;
    columns.push(column);
  }
  if (seen.size === 0) {
    return {
      ok: false,
      message:
        'the first row names no known column; use headers like name, phone, email, company, ' +
        'title (or 姓名, 手机, 邮箱, 公司, 职位, 微信)',
    };
  }
  return { ok: true, columns, mapped, ignored };
}

const YES = new Set([
  'yes',
  'y',
  'true',
  '1',
  '是',
  '同意',
  '已同意',
  '授权',
  '已授权',
  '√',
  '✓',
  '✔',
]);
const NO = new Set(['', 'no', 'n', 'false', '0', '否', '不同意', '未同意', '未授权', '×', '✗']);

/** A consent cell: true/false, or null when it is neither a yes nor a no. */
export function parseConsentCell(value: string): boolean | null {
  const normalized = value.normalize('NFKC').trim().toLowerCase();
  if (YES.has(normalized)) return true;
  if (NO.has(normalized)) return false;
  return null;
}
