-- Credentials of cloud integrations, encrypted by the server before they reach the database (never plain text).
ALTER TABLE integrations ADD COLUMN secrets TEXT;
