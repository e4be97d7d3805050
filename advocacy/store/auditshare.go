package store

// AuditShare is the share an audit record is about, as SQL over the
// audit table's data column: the JSON's "share", or NULL (also for a
// record whose data is not JSON, which a tampered trail may hold and which
// must not stop the database from opening). Queries that select a share's
// records compare it as written here, so that SQLite uses the index of
// migration 10 instead of reading every record, and with a value that has
// no column affinity: a parameter, or a column behind a unary plus
// ("= +s.id"; with "= s.id" the comparison takes the column's affinity,
// and SQLite reads the whole trail again for each share).
const AuditShare = `(CASE WHEN json_valid(data) THEN json_extract(data, '$.share') END)`

// auditShareMigration indexes the audit records by the share they are
// about: a share's history read every record of the trail.
const auditShareMigration = `CREATE INDEX audit_share ON audit` + AuditShare + `;`
