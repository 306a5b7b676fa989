-- An upload with admissions under an offer that has a capacity sums the offer's usage over every
-- card and period (its admissions so far) to flag those beyond the capacity; this index finds an
-- offer's rows without reading the whole table.
CREATE INDEX card_usage_offer ON card_usage (offer_id);
