package server

import (
	"context"

	"github.com/samstyr/samstyr/internal/meetings"
	"github.com/samstyr/samstyr/internal/policy"
)

// wireDirectiveDocs makes a case that links a directive freeze the
// version it concerns and carry that version's document as its case
// paper; a case that links an idea carries the concept mandate. The
// papers are in bokmål, the language of the programme's records.
func (a *App) wireDirectiveDocs(m *meetings.Service) {
	if m.Linked == nil {
		m.Linked = map[string]meetings.LinkHook{}
	}
	d, p := a.Directives, a.Catalog.Printer("nb")
	attach := func(ctx context.Context, ac *policy.Actor, c *meetings.Case, name string, doc []byte) error {
		return m.AddAttachment(ctx, ac, &meetings.Attachment{CaseID: c.ID, Name: name, Data: doc})
	}
	m.Linked["directive"] = func(ctx context.Context, ac *policy.Actor, c *meetings.Case, id int64) error {
		name, doc, err := d.LinkToCase(ctx, ac, id, c.ID, c.Number, p)
		if err != nil {
			return err
		}
		return attach(ctx, ac, c, name, doc)
	}
	m.Linked["project_idea"] = func(ctx context.Context, ac *policy.Actor, c *meetings.Case, id int64) error {
		name, doc, err := d.MandateForCase(ctx, ac, id, p)
		if err != nil {
			return err
		}
		return attach(ctx, ac, c, name, doc)
	}
}
