package toolkit

import (
	"context"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/needs"
	"github.com/samstyr/samstyr/internal/policy"
)

// Store is the storage the toolkit needs (internal/store).
type Store interface {
	WithTx(ctx context.Context, fn func(ctx context.Context) error) error
	Record(ctx context.Context, e audit.Entry) error

	CreateToolkitDocument(ctx context.Context, d *Document) error
	FindToolkitDocument(ctx context.Context, id int64) (*Document, error)
	FindToolkitDocuments(ctx context.Context, f Filter) ([]*Document, error)
	// NextToolkitVersion raises the document's current version number by
	// one, atomically, and records who changed it; it returns the number.
	NextToolkitVersion(ctx context.Context, id, by int64, at time.Time) (int64, error)
	CreateToolkitVersion(ctx context.Context, v *Version) error
	FindToolkitVersionFile(ctx context.Context, documentID, number int64) (*Version, error)

	CreateNews(ctx context.Context, n *News) error
	FindNewsByID(ctx context.Context, id int64) (*News, error)
	FindNews(ctx context.Context, limit int) ([]*News, error)
}

// Service is the toolkit's and the news' use cases.
type Service struct {
	store Store
	Now   func() time.Time
}

// NewService returns the service over a store.
func NewService(s Store) *Service { return &Service{store: s, Now: time.Now} }

func (s *Service) record(ctx context.Context, a *policy.Actor, action, typ string, id int64, after any) error {
	return s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: action, ObjectType: typ, ObjectID: id, After: after})
}

// mayMembers reports whether the actor sees members-only documents.
func mayMembers(a *policy.Actor) bool {
	return policy.Can(a, policy.ToolkitView, policy.Resource{State: Members})
}

// Documents lists the documents the actor may see, by category and title.
func (s *Service) Documents(ctx context.Context, a *policy.Actor, f Filter) ([]*Document, error) {
	if err := policy.Check(a, policy.ToolkitList, policy.Resource{}); err != nil {
		return nil, err
	}
	f.Members = mayMembers(a)
	f.Query, f.Category = strings.TrimSpace(f.Query), strings.TrimSpace(f.Category)
	return s.store.FindToolkitDocuments(ctx, f)
}

// Document returns a document with its versions (newest first). A
// members-only document is NotFound to the public, who may not know it
// exists. Errors: NotFound.
func (s *Service) Document(ctx context.Context, a *policy.Actor, id int64) (*Document, error) {
	d, err := s.store.FindToolkitDocument(ctx, id)
	if err != nil {
		return nil, err
	}
	if !policy.Can(a, policy.ToolkitView, policy.Resource{State: d.Visibility}) {
		return nil, errs.E(errs.NotFound, "error.not_found")
	}
	return d, nil
}

// File returns one version's file. Errors: NotFound.
func (s *Service) File(ctx context.Context, a *policy.Actor, id, number int64) (*Version, error) {
	if _, err := s.Document(ctx, a, id); err != nil {
		return nil, err
	}
	v, err := s.store.FindToolkitVersionFile(ctx, id, number)
	if err != nil {
		return nil, err
	}
	if len(v.FileData) == 0 {
		return nil, errs.E(errs.NotFound, "error.not_found")
	}
	return v, nil
}

// checkVersion checks a version's text and file; the file's type is
// judged from its content like a need's attachment.
func checkVersion(v *Version, err error) error {
	v.Text, v.Note = strings.TrimSpace(v.Text), strings.TrimSpace(v.Note)
	var val errs.Validation
	checkText(&val, "text", v.Text, 200000, false)
	checkText(&val, "note", v.Note, 500, false)
	if v.FileName != "" || len(v.FileData) > 0 {
		f := &needs.Attachment{Name: v.FileName, Data: v.FileData}
		if ferr := needs.CheckAttachment(f); ferr != nil {
			val.Add("file", "toolkit.error.file", "max", needs.MaxAttachment>>20)
		}
		v.FileName, v.FileType, v.FileSize = f.Name, f.ContentType, f.Size
	} else if v.Text == "" {
		val.Add("text", "toolkit.error.content")
	}
	if err != nil {
		e := errs.As(err)
		if e.Code != errs.Invalid {
			return err
		}
		if verr := val.Err(); verr != nil {
			e.Fields = append(e.Fields, errs.As(verr).Fields...)
		}
		return e
	}
	return val.Err()
}

// CreateDocument adds a document with its first version. Errors:
// Unauthenticated, Forbidden, Invalid.
func (s *Service) CreateDocument(ctx context.Context, a *policy.Actor, d *Document, v *Version) error {
	if err := policy.Check(a, policy.ToolkitEdit, policy.Resource{}); err != nil {
		return err
	}
	d.Normalize()
	if err := checkVersion(v, d.Validate()); err != nil {
		return err
	}
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		d.CreatedAt = s.Now()
		if err := s.store.CreateToolkitDocument(ctx, d); err != nil {
			return err
		}
		if err := s.record(ctx, a, "toolkit.create", "toolkit_document", d.ID, d); err != nil {
			return err
		}
		return s.addVersion(ctx, a, d, v)
	})
}

// AddVersion adds a new current version to a document. Errors:
// Unauthenticated, Forbidden, NotFound, Invalid.
func (s *Service) AddVersion(ctx context.Context, a *policy.Actor, id int64, v *Version) error {
	if err := policy.Check(a, policy.ToolkitEdit, policy.Resource{}); err != nil {
		return err
	}
	if err := checkVersion(v, nil); err != nil {
		return err
	}
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		d, err := s.store.FindToolkitDocument(ctx, id)
		if err != nil {
			return err
		}
		return s.addVersion(ctx, a, d, v)
	})
}

func (s *Service) addVersion(ctx context.Context, a *policy.Actor, d *Document, v *Version) error {
	now := s.Now()
	n, err := s.store.NextToolkitVersion(ctx, d.ID, a.ID(), now)
	if err != nil {
		return err
	}
	v.DocumentID, v.Number, v.CreatedBy, v.CreatedAt = d.ID, n, a.ID(), now
	if err := s.store.CreateToolkitVersion(ctx, v); err != nil {
		return err
	}
	d.Current = n
	return s.record(ctx, a, "toolkit.version", "toolkit_document", d.ID,
		map[string]any{"number": n, "note": v.Note, "file_name": v.FileName, "file_size": v.FileSize, "text_length": len(v.Text)})
}

// NewsItems returns the newest news (public).
func (s *Service) NewsItems(ctx context.Context, a *policy.Actor, limit int) ([]*News, error) {
	if err := policy.Check(a, policy.NewsList, policy.Resource{}); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 500 {
		limit = 500
	}
	return s.store.FindNews(ctx, limit)
}

// NewsItem returns one news item (public). Errors: NotFound.
func (s *Service) NewsItem(ctx context.Context, a *policy.Actor, id int64) (*News, error) {
	if err := policy.Check(a, policy.NewsView, policy.Resource{}); err != nil {
		return nil, err
	}
	return s.store.FindNewsByID(ctx, id)
}

// PublishNews writes and publishes a news item. Errors: Unauthenticated,
// Forbidden, Invalid.
func (s *Service) PublishNews(ctx context.Context, a *policy.Actor, n *News) error {
	if err := policy.Check(a, policy.NewsEdit, policy.Resource{}); err != nil {
		return err
	}
	n.Normalize()
	if err := n.Validate(); err != nil {
		return err
	}
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		n.PublishedAt, n.UpdatedAt, n.CreatedBy = s.Now(), s.Now(), a.ID()
		if err := s.store.CreateNews(ctx, n); err != nil {
			return err
		}
		return s.record(ctx, a, "news.publish", "news", n.ID, n)
	})
}
