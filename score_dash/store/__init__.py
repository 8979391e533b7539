"""The database: the SQLAlchemy models (`models`), the engine, schema and demo load (`db`),
schema migrations (`migrations`), the data frames read from it (`loading`), data versions
(`versions`), the disk cache of a version's frames (`disk_cache`) and the illustrative demo
data (`demo`)."""
