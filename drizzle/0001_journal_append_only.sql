-- The journal is append-only: an entry, once written, is never changed.
CREATE OR REPLACE FUNCTION journal_reject_update() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'journal is append-only: UPDATE of entry % refused', OLD.id;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER journal_append_only BEFORE UPDATE ON "journal"
  FOR EACH ROW EXECUTE FUNCTION journal_reject_update();
