-- Claiming a delivery changes only its lease columns, none of them indexed. Free room in each page lets
-- PostgreSQL write that change as a heap-only tuple beside the old one instead of adding an entry to
-- every index of the table. Applies to pages written from now on.
ALTER TABLE deliveries SET (fillfactor = 70);
