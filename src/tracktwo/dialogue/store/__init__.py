"""Storage of dialogues: the SQLAlchemy schema, database opening and Alembic migrations."""
