-- what `q` searches, folded in every script (src/domain/search.ts): written by the store with each event, and
-- for the events already stored, by the first start after this migration (openDatabase), as SQL has no such folding
ALTER TABLE `events` ADD `search_text` text;
