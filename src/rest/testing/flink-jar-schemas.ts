// Schemas of the submission endpoints (/jars, POST /jobs), from Flink's OpenAPI spec (rest_v1_dispatcher.yml,
// components.schemas). POST /jobs is not in the dispatcher spec: JobSubmitResponseBody is written from Flink's
// class (a single jobUrl string). Merged into FLINK_REST_SCHEMAS and FLINK_REST_RESPONSE_SCHEMAS.
import type { OpenApiSchema } from './schema-check.js';

export const FLINK_JAR_SCHEMAS: Readonly<Record<string, OpenApiSchema>> = {
  JarListInfo: {
    type: 'object',
    properties: {
      address: { type: 'string' },
      files: { type: 'array', items: { $ref: '#/components/schemas/JarFileInfo' } },
    },
  },
  JarFileInfo: {
    type: 'object',
    properties: {
      entry: { type: 'array', items: { $ref: '#/components/schemas/JarEntryInfo' } },
      id: { type: 'string' },
      name: { type: 'string' },
      uploaded: { type: 'integer', format: 'int64' },
    },
  },
  JarEntryInfo: {
    type: 'object',
    properties: { description: { type: 'string' }, name: { type: 'string' } },
  },
  JarUploadResponseBody: {
    type: 'object',
    properties: { filename: { type: 'string' }, status: { $ref: '#/components/schemas/UploadStatus' } },
  },
  UploadStatus: { type: 'string', enum: ['success'] },
  JarRunResponseBody: {
    type: 'object',
    properties: {
      applicationId: { $ref: '#/components/schemas/ApplicationID' },
      jobid: { $ref: '#/components/schemas/JobID' },
    },
  },
  JobSubmitResponseBody: { type: 'object', properties: { jobUrl: { type: 'string' } } },
};

export const FLINK_JAR_RESPONSE_SCHEMAS: Readonly<Record<string, string>> = {
  '/jars': 'JarListInfo',
  'POST /jars/upload': 'JarUploadResponseBody',
  'POST /jars/{jarid}/run': 'JarRunResponseBody',
  '/jars/{jarid}/plan': 'JobPlanInfo',
  'POST /jobs': 'JobSubmitResponseBody',
};
