export * from './common.ts';
export * from './errors.ts';
export * from './identity.ts';
export * from './permissions.ts';
export * from './system.ts';
