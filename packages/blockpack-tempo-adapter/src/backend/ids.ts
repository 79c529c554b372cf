import { TempoError, TempoErrorCode } from '../errors.js';

/** Tempo's default tenant when multi-tenancy is off or no X-Scope-OrgID is sent. */
export const DEFAULT_TENANT = 'single-tenant';
export const MAX_TENANT_LENGTH = 150;

// Tenant ids become directory names, so anything that could escape the data folder or collide
// with the WAL naming scheme (`+`) is refused: path separators, `.`/`..`, control characters.
const TENANT_RE = /^[A-Za-z0-9!\-_.*'()]+$/;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Validates a tenant id (Tempo's allowed characters, as Cortex/Mimir define them).
 * @throws TempoError INVALID_TENANT
 */
export function validateTenant(tenant: string): string {
  if (tenant.length === 0 || tenant.length > MAX_TENANT_LENGTH) {
    throw new TempoError(TempoErrorCode.InvalidTenant, `invalid tenant id: length ${tenant.length}, expected 1–${MAX_TENANT_LENGTH}`);
  }
  if (tenant === '.' || tenant === '..' || !TENANT_RE.test(tenant)) {
    throw new TempoError(TempoErrorCode.InvalidTenant, `invalid tenant id ${JSON.stringify(tenant.slice(0, 40))}: only letters, digits and !-_.*'() are allowed, and not "." or ".."`);
  }
  return tenant;
}

export function isValidTenant(tenant: string): boolean {
  return tenant.length > 0 && tenant.length <= MAX_TENANT_LENGTH && tenant !== '.' && tenant !== '..' && TENANT_RE.test(tenant);
}

/**
 * Validates a block id: a canonical lower-case UUID, as Tempo names block directories.
 * @throws TempoError INVALID_BLOCK_ID
 */
export function validateBlockId(id: string): string {
  if (!UUID_RE.test(id)) throw new TempoError(TempoErrorCode.InvalidBlockId, `invalid block id ${JSON.stringify(id.slice(0, 40))}: expected a lower-case UUID`);
  return id;
}

export function isValidBlockId(id: string): boolean {
  return UUID_RE.test(id);
}
