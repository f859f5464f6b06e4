-- GIN twins of FerretDB's indexes, kept by an event trigger in the embedded cluster's database.
--
-- FerretDB v1.24 (PostgreSQL backend) pushes an equality filter down as
-- `_jsonb -> 'field' @> '"value"'`, while the indexes it creates (createIndexes, and every
-- collection's `_id`) are btree indexes on `_jsonb -> 'field'`, which cannot answer `@>`: every
-- find, update and delete scans its table, by `_id` too. A GIN index (jsonb_path_ops) on the same
-- expression answers `@>`, for scalars and for arrays holding the value (Mongo's array equality).
-- This trigger gives every btree index FerretDB creates on top-level fields such a twin per key,
-- in the same transaction; dotted paths are not pushed down by FerretDB, so they get none.
-- Installed idempotently at every start by dev-services/postgres-gin-indexes.ts.

CREATE OR REPLACE FUNCTION public.crm_sync_add_gin_twins(index_oid oid) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  idx record;
  key_no int;
  expr text;
BEGIN
  SELECT x.indrelid, x.indnkeyatts, am.amname INTO idx
    FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid JOIN pg_am am ON am.oid = c.relam
    WHERE x.indexrelid = index_oid;
  -- Our own GIN indexes fire this trigger too: only btree indexes have twins.
  IF NOT FOUND OR idx.amname <> 'btree' THEN
    RETURN;
  END IF;
  FOR key_no IN 1..idx.indnkeyatts LOOP
    expr := pg_get_indexdef(index_oid, key_no, true);
    IF expr ~ '^\(?_jsonb -> ''[^'']+''::text\)?$' THEN
      EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %s USING gin ((%s) jsonb_path_ops)',
        'crm_sync_gin_' || md5(idx.indrelid::text || ' ' || expr), idx.indrelid::regclass, expr);
    END IF;
  END LOOP;
END $$;

CREATE OR REPLACE FUNCTION public.crm_sync_on_create_index() RETURNS event_trigger
LANGUAGE plpgsql AS $$
DECLARE
  cmd record;
BEGIN
  FOR cmd IN SELECT objid FROM pg_event_trigger_ddl_commands() WHERE object_type = 'index' LOOP
    PERFORM public.crm_sync_add_gin_twins(cmd.objid);
  END LOOP;
END $$;

DROP EVENT TRIGGER IF EXISTS crm_sync_gin_twins;
CREATE EVENT TRIGGER crm_sync_gin_twins ON ddl_command_end WHEN TAG IN ('CREATE INDEX')
  EXECUTE FUNCTION public.crm_sync_on_create_index();

-- Indexes created before the trigger existed (a cluster from an older checkout) get theirs now.
SELECT public.crm_sync_add_gin_twins(x.indexrelid)
  FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
  WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast');
