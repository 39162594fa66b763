"""Application services: the drill engine, the deck library, reports. No Textual, no click."""
