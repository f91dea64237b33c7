-- Delivery ids in the one id format (prefix_ + 22 base62 characters), made where the fan-out
-- inserts them. The bits come from gen_random_uuid(), a strong random source built into
-- PostgreSQL 13+, skipping its fixed version and variant bytes; bytes of 248 and above are
-- drawn again so every character is equally likely (248 = 4 x 62).
CREATE FUNCTION octopost_id(prefix text) RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  alphabet CONSTANT text := '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  id text := '';
  bytes bytea;
  b int;
BEGIN
  WHILE length(id) < 22 LOOP
    bytes := uuid_send(gen_random_uuid());
    FOR i IN 0..15 LOOP
      CONTINUE WHEN i = 6 OR i = 8;
      b := get_byte(bytes, i);
      IF b < 248 AND length(id) < 22 THEN
        id := id || substr(alphabet, b % 62 + 1, 1);
      END IF;
    END LOOP;
  END LOOP;
  RETURN prefix || '_' || id;
END $$;

-- Pruning reads finished deliveries oldest first, in small batches.
CREATE INDEX webhook_deliveries_finished ON webhook_deliveries (created_at) WHERE status IN ('delivered', 'failed');
