package needs

import (
	"archive/zip"
	"bytes"
	"io"
	"net/http"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/errs"
)

// MaxAttachment is the largest attachment accepted, in bytes.
const MaxAttachment = 10 << 20

// Attachment content types accepted, detected from the content.
const (
	TypePDF  = "application/pdf"
	TypePNG  = "image/png"
	TypeJPEG = "image/jpeg"
	TypeDOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	TypeODT  = "application/vnd.oasis.opendocument.text"
)

// DetectType returns the content type of an attachment judged from its
// bytes (never its name), or "" when it is none of PDF, PNG, JPEG, DOCX or
// ODT. DOCX and ODT are ZIP containers: a DOCX has [Content_Types].xml
// naming a wordprocessingml main document; an ODT has a mimetype file
// saying application/vnd.oasis.opendocument.text.
func DetectType(data []byte) string {
	switch ct := http.DetectContentType(data); {
	case ct == TypePDF, ct == TypePNG, ct == TypeJPEG:
		return ct
	case ct == "application/zip":
		return zipType(data)
	}
	return ""
}

func zipType(data []byte) string {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return ""
	}
	read := func(name string) string {
		for _, f := range zr.File {
			if f.Name == name && f.UncompressedSize64 < 1<<20 {
				rc, err := f.Open()
				if err != nil {
					return ""
				}
				defer rc.Close()
				b, _ := io.ReadAll(io.LimitReader(rc, 1<<20))
				return string(b)
			}
		}
		return ""
	}
	if strings.TrimSpace(read("mimetype")) == TypeODT {
		return TypeODT
	}
	if strings.Contains(read("[Content_Types].xml"), "wordprocessingml.document.main+xml") {
		return TypeDOCX
	}
	return ""
}

// Extension returns the file extension for an accepted content type.
func Extension(ct string) string {
	return map[string]string{TypePDF: ".pdf", TypePNG: ".png", TypeJPEG: ".jpg", TypeDOCX: ".docx", TypeODT: ".odt"}[ct]
}

// CheckAttachment validates a file: not empty, within the size limit, of an
// accepted type, with a plain name. It sets the content type and cleans the
// name (keeping the base name, adding the right extension when missing).
func CheckAttachment(a *Attachment) error {
	var v errs.Validation
	switch {
	case len(a.Data) == 0:
		v.Add("file", "needs.error.file_empty")
	case len(a.Data) > MaxAttachment:
		v.Add("file", "needs.error.file_size", "max", MaxAttachment>>20)
	default:
		a.ContentType = DetectType(a.Data)
		if a.ContentType == "" {
			v.Add("file", "needs.error.file_type")
		}
	}
	a.Name = strings.TrimSpace(path.Base(strings.ReplaceAll(a.Name, `\`, "/")))
	if a.Name == "" || a.Name == "." || a.Name == "/" || !utf8.ValidString(a.Name) || strings.ContainsAny(a.Name, "\"\r\n") || len(a.Name) > 200 {
		a.Name = "vedlegg"
	}
	if ext := Extension(a.ContentType); ext != "" && !strings.EqualFold(path.Ext(a.Name), ext) && !(ext == ".jpg" && strings.EqualFold(path.Ext(a.Name), ".jpeg")) {
		a.Name += ext
	}
	a.Size = int64(len(a.Data))
	return v.Err()
}

// checkAttachments checks the files given with a new need; an error names
// the field "attachments" and the file.
func checkAttachments(atts []*Attachment) error {
	var v errs.Validation
	if len(atts) > maxAttachmentsAtOnce {
		v.Add("attachments", "needs.error.too_many_files", "max", maxAttachmentsAtOnce)
		return v.Err()
	}
	for _, a := range atts {
		if err := CheckAttachment(a); err != nil {
			for _, f := range errs.As(err).Fields {
				args := map[string]any{"name": a.Name}
				for k, x := range f.Args {
					args[k] = x
				}
				v.Add("attachments", f.Key+"_named", flattenArgs(args)...)
			}
		}
	}
	return v.Err()
}

func flattenArgs(m map[string]any) []any {
	var out []any
	for k, v := range m {
		out = append(out, k, v)
	}
	return out
}
