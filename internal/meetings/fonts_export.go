package meetings

// PDFFonts returns the embedded DejaVu Sans regular and bold faces, for
// other areas' PDF documents (internal/forum's participant list) to use
// the same set-up.
func PDFFonts() (regular, bold []byte) { return fontRegular, fontBold }
