-- Whether a terminal is a staffed desk. Only a staffed terminal receives the holders' first names in
-- its ledger (staff compare the name with the child in front of them); any other gets every card
-- without one, so an unattended entrance that is stolen holds no list of the scheme's children.
-- A new registration is unstaffed unless the administrator says otherwise (privacy by default,
-- GDPR art. 25(2)): TerminalRepository.insert always writes the column, and the default here says
-- the same for anything else that inserts a row.
-- Terminals registered before this version stay as they were: staffed. Their ledgers already hold
-- the names, their venues chose them when every terminal got names, and a desk whose names vanished
-- unasked (a delta would drop only the changed cards' names) would leave staff unable to check a
-- card. An unattended entrance among them is re-registered without the flag to lose the names.
ALTER TABLE terminal ADD COLUMN staffed BOOLEAN NOT NULL DEFAULT false;
UPDATE terminal SET staffed = true;
