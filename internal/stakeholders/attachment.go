package stakeholders

import (
	"context"
	"time"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/needs"
	"github.com/samstyr/samstyr/internal/policy"
)

// MaxFiles is how many files an inquiry may bring.
const MaxFiles = 3

// Attachment is a file sent with an inquiry. Its type is judged from the
// content, as for needs' attachments (PDF, PNG, JPEG, DOCX, ODT), never
// from its name.
type Attachment struct {
	ID          int64     `json:"id"`
	InquiryID   int64     `json:"inquiry_id"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	CreatedAt   time.Time `json:"created_at"`
	Data        []byte    `json:"-"`
}

// checkFiles checks the files of a new inquiry with the needs area's rules
// (size, type from the content, a plain name); an error names the field
// "files" and the file.
func checkFiles(files []*Attachment) error {
	var v errs.Validation
	if len(files) > MaxFiles {
		v.Add("files", "inquiry.error.too_many_files", "max", MaxFiles)
		return v.Err()
	}
	for _, f := range files {
		a := &needs.Attachment{Name: f.Name, Data: f.Data}
		if err := needs.CheckAttachment(a); err != nil {
			v.Add("files", "inquiry.error.file", "name", a.Name)
			continue
		}
		f.Name, f.ContentType, f.Size = a.Name, a.ContentType, a.Size
	}
	return v.Err()
}

// Attachment returns one file of an inquiry. Errors: Unauthenticated,
// Forbidden, NotFound.
func (s *Service) Attachment(ctx context.Context, a *policy.Actor, inquiryID, id int64) (*Attachment, error) {
	if err := policy.Check(a, policy.InquiryView, policy.Resource{}); err != nil {
		return nil, err
	}
	return s.store.FindInquiryAttachment(ctx, inquiryID, id)
}

// Attachments lists an inquiry's files. Errors: Unauthenticated, Forbidden.
func (s *Service) Attachments(ctx context.Context, a *policy.Actor, inquiryID int64) ([]*Attachment, error) {
	if err := policy.Check(a, policy.InquiryView, policy.Resource{}); err != nil {
		return nil, err
	}
	return s.store.FindInquiryAttachments(ctx, inquiryID)
}
