package needs_test

import (
	"path"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/needs"
)

// FuzzCheckAttachment feeds the attachment check arbitrary files and names
// (it reads uploads from outside): it never panics; an accepted file has
// one of the accepted types judged from its bytes, its size, and a plain
// name with the type's extension; a refused one names the file field.
func FuzzCheckAttachment(f *testing.F) {
	f.Add([]byte("%PDF-1.4\n%%EOF\n"), "notat.pdf")
	f.Add([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), `C:\Users\x\kart.PNG`)
	f.Add([]byte("\xff\xd8\xff\xe0\x00\x10JFIF"), "../../etc/bilde.jpeg")
	f.Add(zipOf(map[string]string{"mimetype": needs.TypeODT}), "tekst")
	f.Add(zipOf(map[string]string{"[Content_Types].xml": `<Override ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>`}), "a\"b\r\n.docx")
	f.Add(zipOf(map[string]string{"x.txt": "hei"}), "arkiv.zip")
	f.Add([]byte("<html><script>alert(1)</script>"), "side.pdf")
	f.Add([]byte{}, "")
	f.Fuzz(func(t *testing.T, data []byte, name string) {
		a := &needs.Attachment{Name: name, Data: data}
		err := needs.CheckAttachment(a)
		if err != nil {
			e := errs.As(err)
			if e == nil || e.Code != errs.Invalid || len(e.Fields) != 1 || e.Fields[0].Field != "file" {
				t.Fatalf("%q: %v", name, err)
			}
			return
		}
		accepted := []string{needs.TypePDF, needs.TypePNG, needs.TypeJPEG, needs.TypeDOCX, needs.TypeODT}
		if !slices.Contains(accepted, a.ContentType) || needs.DetectType(data) != a.ContentType {
			t.Fatalf("accepted type %q", a.ContentType)
		}
		if a.Size != int64(len(data)) || len(data) == 0 || len(data) > needs.MaxAttachment {
			t.Fatalf("size %d of %d bytes", a.Size, len(data))
		}
		ext := strings.ToLower(path.Ext(a.Name))
		if a.Name == "" || strings.ContainsAny(a.Name, "/\\\"\r\n") || !utf8.ValidString(a.Name) || len(a.Name) > 210 ||
			(ext != needs.Extension(a.ContentType) && !(ext == ".jpeg" && a.ContentType == needs.TypeJPEG)) {
			t.Fatalf("name %q (from %q) for %s", a.Name, name, a.ContentType)
		}
	})
}
