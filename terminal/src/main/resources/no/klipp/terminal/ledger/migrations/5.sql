-- The scheme's time zone, as the server counts its days and quota periods (NULL from a server
-- that sends none: then validation.zone applies).
ALTER TABLE scheme ADD COLUMN time_zone TEXT;
