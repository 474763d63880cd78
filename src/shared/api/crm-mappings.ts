import { z } from 'zod';
import { storableString } from '../schemas/common';

/**
 * CRM export mappings (DESIGN.md "Follow-up and hand-off"): which customer fields a CRM's import
 * file takes, under which headers and in which order, saved per target so marketing sets it once
 * per CRM. A column is a field of the customer or a fixed text (a CRM's "Lead Source" = 展会).
 */

/** What an export column can hold; values come out as the customers export writes them. */
export const CRM_FIELDS = [
  'name',
  'familyName',
  'givenName',
  'company',
  'title',
  'department',
  'phone',
  'email',
  'wechatId',
  'province',
  'city',
  'industry',
  'grade',
  'score',
  'stage',
  'stageCode',
  'owner',
  'consent',
  'tags',
  'lastActivity',
  'createdAt',
] as const;
export type CrmField = (typeof CRM_FIELDS)[number];

export const CRM_HEADER_MAX = 80;
export const CRM_CONSTANT_MAX = 200;
export const CRM_COLUMNS_MAX = 40;
export const CRM_MAPPING_NAME_MAX = 100;
/** Mappings are a handful per pool (one per CRM); listed whole. */
export const CRM_MAPPINGS_MAX = 100;

const header = storableString().trim().min(1).max(CRM_HEADER_MAX);

export const CrmColumnSchema = z.union([
  z.strictObject({ header, field: z.enum(CRM_FIELDS) }),
  z.strictObject({ header, constant: storableString().trim().max(CRM_CONSTANT_MAX) }),
]);
export type CrmColumn = z.infer<typeof CrmColumnSchema>;

export const CrmMappingBodySchema = z.strictObject({
  name: storableString().trim().min(1).max(CRM_MAPPING_NAME_MAX),
  columns: z
    .array(CrmColumnSchema)
    .min(1)
    .max(CRM_COLUMNS_MAX)
    .superRefine((columns, ctx) => {
      // A CRM's importer matches columns by header: two alike would feed one field twice.
      const seen = new Set<string>();
      columns.forEach((column, index) => {
        const key = column.header.toLowerCase();
        if (seen.has(key))
          ctx.addIssue({ code: 'custom', path: [index, 'header'], message: 'duplicate header' });
        seen.add(key);
      });
    }),
});
export type CrmMappingBody = z.input<typeof CrmMappingBodySchema>;

export interface CrmMapping {
  id: string;
  name: string;
  columns: CrmColumn[];
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

/**
 * Starting points for common CRMs' import files. Headers are those CRMs' default import labels as
 * their import wizards show them; each CRM can be customized, so a template is copied into a
 * mapping the user edits, never used as is.
 */
export const CRM_TEMPLATES = {
  salesforce: [
    { header: 'First Name', field: 'givenName' },
    { header: 'Last Name', field: 'familyName' },
    { header: 'Company', field: 'company' },
    { header: 'Title', field: 'title' },
    { header: 'Email', field: 'email' },
    { header: 'Mobile', field: 'phone' },
    { header: 'City', field: 'city' },
    { header: 'State/Province', field: 'province' },
    { header: 'Industry', field: 'industry' },
    { header: 'Rating', field: 'grade' },
    { header: 'Lead Source', constant: 'Trade Show' },
  ],
  hubspot: [
    { header: 'First Name', field: 'givenName' },
    { header: 'Last Name', field: 'familyName' },
    { header: 'Email', field: 'email' },
    { header: 'Phone Number', field: 'phone' },
    { header: 'Company Name', field: 'company' },
    { header: 'Job Title', field: 'title' },
    { header: 'City', field: 'city' },
    { header: 'State/Region', field: 'province' },
    { header: 'Industry', field: 'industry' },
    { header: 'Leadpond Stage', field: 'stageCode' },
    { header: 'Leadpond Score', field: 'score' },
  ],
  fxiaoke: [
    { header: '姓名', field: 'name' },
    { header: '公司名称', field: 'company' },
    { header: '职务', field: 'title' },
    { header: '部门', field: 'department' },
    { header: '手机', field: 'phone' },
    { header: '邮箱', field: 'email' },
    { header: '微信', field: 'wechatId' },
    { header: '省', field: 'province' },
    { header: '市', field: 'city' },
    { header: '行业', field: 'industry' },
    { header: '线索来源', constant: '展会' },
  ],
} as const satisfies Record<string, readonly CrmColumn[]>;
export type CrmTemplate = keyof typeof CRM_TEMPLATES;

export interface CrmMappingListResponse {
  mappings: CrmMapping[];
}
