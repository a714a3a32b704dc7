package needs_test

import "github.com/samstyr/samstyr/internal/listing"

func decodeCursor(s string) (*listing.Cursor, error) { return listing.DecodeCursor(s) }
