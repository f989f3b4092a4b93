-- What the server measured of a file beyond the typed columns (video codec and key frames, EXIF orientation, NIfTI
-- geometry, text encoding, PDF version, DICOM transfer syntax), as JSON object text.
ALTER TABLE items ADD COLUMN technical_metadata TEXT;
