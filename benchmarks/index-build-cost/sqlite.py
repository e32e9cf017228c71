"""What a million login_logs rows cost SQLite to index: the rows into a table without indexes, then each index and the
search index built over them, against the same rows inserted with every index in place. Reads the index definitions
from the database it is given (a seeded bench file), so it measures today's schema. Prints JSON; CPU seconds are this
process's (SQLite runs in it), wall seconds depend on the machine's load."""
import json, os, sqlite3, sys, tempfile, time

source = sys.argv[1]
columns = None
work = tempfile.mkdtemp(prefix="index-build-cost-")


def fresh(name, with_indexes):
    c = sqlite3.connect(os.path.join(work, name), isolation_level=None)
    for pragma in ("journal_mode = WAL", "synchronous = NORMAL", "cache_size = -262144", "temp_store = MEMORY"):
        c.execute("PRAGMA " + pragma)
    c.execute("ATTACH ? AS src", (source,))
    table = c.execute("SELECT sql FROM src.sqlite_master WHERE name = 'login_logs'").fetchone()[0]
    fts = c.execute("SELECT sql FROM src.sqlite_master WHERE name = 'login_logs_fts'").fetchone()[0]
    indexes = [r for r in c.execute(
        "SELECT name, sql FROM src.sqlite_master WHERE type = 'index' AND tbl_name = 'login_logs' AND sql IS NOT NULL ORDER BY name")]
    c.execute(table)
    c.execute(fts)
    if with_indexes:
        for _, sql in indexes:
            c.execute(sql)
    return c, indexes


def timed(action):
    wall, cpu = time.time(), time.process_time()
    action()
    return {"wall_s": round(time.time() - wall, 2), "cpu_s": round(time.process_time() - cpu, 2)}


def copy_rows(c):
    names = [r[1] for r in c.execute("PRAGMA src.table_info(login_logs)") if r[1] != "id"]
    listed = ", ".join(f'"{n}"' for n in names)
    c.execute("BEGIN")
    c.execute(f"INSERT INTO login_logs (id, {listed}) SELECT id, {listed} FROM src.login_logs ORDER BY id")
    c.execute("COMMIT")


SEARCH_INDEX = """INSERT INTO login_logs_fts(rowid, user_name, ip_address, browser, os, device_type, device_brand, device_model, location)
    SELECT id, user_name, ip_address, browser, os, device_type, device_brand, device_model, location FROM login_logs ORDER BY id"""

figures = {"sqlite_version": sqlite3.sqlite_version, "load_average_before": os.getloadavg()[0]}
c, _ = fresh("in-place.db", with_indexes=True)
figures["rows"] = c.execute("SELECT count(*) FROM src.login_logs").fetchone()[0]
figures["insert_with_every_index"] = timed(lambda: copy_rows(c))
figures["search_index_once_over_all_rows"] = timed(lambda: c.execute(SEARCH_INDEX))
c.close()

c, indexes = fresh("built-after.db", with_indexes=False)
figures["insert_without_indexes"] = timed(lambda: copy_rows(c))
figures["index_builds"] = {name: timed(lambda sql=sql: c.execute(sql)) for name, sql in indexes}
figures["index_builds_total_cpu_s"] = round(sum(f["cpu_s"] for f in figures["index_builds"].values()), 2)
figures["load_average_after"] = os.getloadavg()[0]
c.close()
for name in os.listdir(work):
    os.remove(os.path.join(work, name))
os.rmdir(work)
print(json.dumps(figures, indent=2))
