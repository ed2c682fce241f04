"""The PostgreSQL backend (psycopg 3, async, with a connection pool): `PgDatabase`."""
