package server

import (
	"context"

	"github.com/samstyr/samstyr/internal/catalog"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/mail"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/stakeholders"
)

// wireStakeholders builds the inquiries and the standards catalogue: their
// jobs (the senders' mail, reminders and escalation) and the items they
// link to, each checked by its own area as the person.
func (a *App) wireStakeholders(mailer mail.Sender) {
	a.Inquiries = stakeholders.NewService(a.DB)
	a.Inquiries.Notify = a.Notify
	a.Inquiries.Links = a.linkTitle
	a.Inquiries.RegisterJobs(a.Jobs, stakeholders.Mailer{Catalog: a.Catalog, Sender: mailer, BaseURL: a.Config.BaseURL})
	a.Standards = catalog.NewService(a.DB)
	a.Standards.Links = a.linkTitle
}

// linkTitle returns the title of a need, case or project the actor may
// see.
func (a *App) linkTitle(ctx context.Context, ac *policy.Actor, typ string, id int64) (string, error) {
	switch typ {
	case "need":
		n, err := a.Needs.Get(ctx, ac, id)
		if err != nil {
			return "", err
		}
		return n.Title, nil
	case "case":
		c, err := a.Meetings.Case(ctx, ac, id)
		if err != nil {
			return "", err
		}
		return c.Number + " " + c.Title, nil
	case "project":
		p, err := a.Directives.Project(ctx, ac, id)
		if err != nil {
			return "", err
		}
		return p.Name, nil
	}
	return "", errs.E(errs.NotFound, "error.not_found")
}
