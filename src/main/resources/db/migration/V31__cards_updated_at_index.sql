-- the card change feed polls the cards written lately every second (CardChangeFeed)
CREATE INDEX ix_cards_updated_at ON cards (updated_at);
