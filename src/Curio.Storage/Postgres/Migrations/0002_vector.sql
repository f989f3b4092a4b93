-- pgvector, for the embeddings and similarity search that build on this backend. It is created when the server has it
-- and the role may create it; without it everything else works, and the server says at start what is missing
-- (PostgresStorage.VectorVersionAsync).
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') THEN
        CREATE EXTENSION IF NOT EXISTS vector;
    END IF;
EXCEPTION WHEN insufficient_privilege THEN
    RAISE WARNING 'pgvector is installed but this role may not create it: run CREATE EXTENSION vector as a superuser';
END
$$;
