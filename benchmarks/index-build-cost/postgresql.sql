-- What a million login_logs rows cost PostgreSQL to index: the rows into a table without indexes, then each index of
-- login_logs built over them, against the same rows inserted with every index in place. Reads the index definitions
-- from the database it runs in (a seeded bench database), so it measures today's schema. Works in a scratch schema,
-- dropped at the end. Run: psql -d loginaudit_bench_bench_1000000 -At -f postgresql.sql
\set ON_ERROR_STOP on
DROP SCHEMA IF EXISTS index_build_cost CASCADE;
CREATE SCHEMA index_build_cost;
CREATE TABLE index_build_cost.source AS SELECT * FROM public.login_logs;
CREATE TABLE index_build_cost.built_after (LIKE index_build_cost.source);
CREATE TABLE index_build_cost.in_place (LIKE index_build_cost.source);

CREATE FUNCTION index_build_cost.definitions(target text) RETURNS TABLE (name text, definition text) LANGUAGE sql AS $$
    SELECT indexname::text,
           regexp_replace(indexdef, '^CREATE (UNIQUE )?INDEX \S+ ON (ONLY )?public\.login_logs', 'CREATE \1INDEX ON index_build_cost.' || target)
    FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'login_logs' ORDER BY indexname
$$;

CREATE FUNCTION index_build_cost.timed(statement text) RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE started timestamptz := clock_timestamp();
BEGIN
    EXECUTE statement;
    RETURN round(extract(epoch FROM clock_timestamp() - started)::numeric, 2);
END $$;

CREATE TABLE index_build_cost.figures (step serial, name text, seconds numeric);
INSERT INTO index_build_cost.figures (name, seconds)
    VALUES ('insert_without_indexes', index_build_cost.timed('INSERT INTO index_build_cost.built_after SELECT * FROM index_build_cost.source'));
INSERT INTO index_build_cost.figures (name, seconds)
    SELECT 'build ' || name, index_build_cost.timed(definition) FROM index_build_cost.definitions('built_after');
INSERT INTO index_build_cost.figures (name, seconds)
    SELECT 'create empty ' || name, index_build_cost.timed(definition) FROM index_build_cost.definitions('in_place');
INSERT INTO index_build_cost.figures (name, seconds)
    VALUES ('insert_with_every_index', index_build_cost.timed('INSERT INTO index_build_cost.in_place SELECT * FROM index_build_cost.source'));
SELECT json_build_object(
    'rows', (SELECT count(*) FROM index_build_cost.source),
    'insert_without_indexes_s', (SELECT seconds FROM index_build_cost.figures WHERE name = 'insert_without_indexes'),
    'index_builds_s', (SELECT json_object_agg(substr(name, 7), seconds ORDER BY step) FROM index_build_cost.figures WHERE name LIKE 'build %'),
    'index_builds_total_s', (SELECT sum(seconds) FROM index_build_cost.figures WHERE name LIKE 'build %'),
    'insert_with_every_index_s', (SELECT seconds FROM index_build_cost.figures WHERE name = 'insert_with_every_index'));

DROP SCHEMA index_build_cost CASCADE;
