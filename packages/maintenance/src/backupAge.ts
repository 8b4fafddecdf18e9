// @expmon/maintenance/backup-age: only the BackupAgeSource, for a config's alert rules
// (a config that imports it loads nothing else of this package).
export { BackupAgeSource, type BackupAgeSourceOptions } from './backup/BackupAgeSource.js';
