package seed

import (
	"fmt"
	"sort"
	"time"

	"github.com/samstyr/samstyr/internal/catalog"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/stakeholders"
	"github.com/samstyr/samstyr/internal/store"
)

// Inquiries, the standards catalogue and conformance declarations in the
// benchmark dataset (issue 15): 20,000 inquiries over the ten years (most
// answered and closed within their deadline, some late, the last weeks'
// still open), the six standards of DOMAIN.md §6 with their versions, 500
// products of the vendors and 3,000 declarations (verified, rejected,
// waiting, and expired for retired versions), at scale 1.

var _ = addBenchPart(benchPart{name: "stakeholders", order: 40, estimate: 20_000*3 + 3_000 + 20, run: benchStakeholders})

var (
	auditInquiryCreate = addAuditKind("inquiry.create", "inquiry", func(g *benchGen, e *auditRec) (string, string) {
		return "", js(map[string]any{"id": e.oid, "reference": stakeholders.Reference(int(e.a), int(e.b)), "state": stakeholders.Open})
	})
	auditDeclare = addAuditKind("conformance.declare", "conformance_declaration", func(g *benchGen, e *auditRec) (string, string) {
		return "", js(map[string]any{"id": e.oid, "vendor_id": e.a, "standard_version_id": e.b, "state": catalog.Declared})
	})
)

var benchTopics = []string{"Digital byggesøknad", "Planregister", "NPS-krav", "Matrikkelføring", "Fiks Arkiv", "SOSI-format",
	"Nabovarsel", "Ferdigattest", "Kartgrunnlag", "Tilgang til samstyr"}

func benchStakeholders(g *benchGen) error {
	if err := benchInquiries(g); err != nil {
		return err
	}
	return benchCatalog(g)
}

func benchInquiries(g *benchGen) error {
	n := g.times(20_000)
	// The last weeks always hold some inquiries (at least ten), half of them
	// still open, so the queue has work at every scale and seed.
	recent := max(10, n/200)
	at := make([]time.Time, n)
	for k := range at {
		at[k] = g.between(g.start, g.today)
		if k >= n-recent {
			at[k] = g.between(g.today.AddDate(0, 0, -20), g.today)
		}
	}
	sort.Slice(at, func(a, b int) bool { return at[a].Before(at[b]) })
	ib := g.bulk("inquiries", "id", "year", "seq", "reference", "channel", "sender_name", "sender_email", "organisation", "topic", "body",
		"locale", "state", "owner_id", "deadline", "answer", "answered_at", "answered_by", "closed_at", "faq_question", "faq_answer",
		"faq_published_at", "ack_mailed_at", "reminded_at", "escalated_at", "created_by", "created_at", "updated_at")
	// Answers are written after the inquiries: the bulk writers flush on
	// their own when full, and an answer must not reach the database before
	// its inquiry (PostgreSQL checks the reference at once).
	var answers [][]any
	seq := map[int]int{}
	for k, t := range at {
		id := int64(k + 1)
		y := t.Year()
		seq[y]++
		owner := g.member(policy.BodySecretariat, t)
		deadline := t.AddDate(0, 0, 14)
		state := stakeholders.Closed
		answeredAt := t.Add(g.days(1, 20))
		if t.After(g.today.AddDate(0, 0, -21)) && k%2 == 0 {
			state, answeredAt = stakeholders.Open, time.Time{}
		}
		topic := pick(g.r, benchTopics)
		email := fmt.Sprintf("avsender%d@example.org", id)
		var answer, faqQ, faqA any = "", "", ""
		var answered, closed, faqAt, reminded, escalated any
		if !answeredAt.IsZero() {
			answer, answered, closed = "Takk for henvendelsen. Svaret følger her.", answeredAt, answeredAt.Add(g.days(0, 3))
			if answeredAt.After(deadline.Add(-48 * time.Hour)) {
				reminded = deadline.Add(-48 * time.Hour)
			}
			if answeredAt.After(deadline) {
				escalated = deadline
			}
			if g.r.IntN(40) == 0 {
				faqQ, faqA, faqAt = "Spørsmål om "+topic, "Svar om "+topic+".", answeredAt.Add(24*time.Hour)
			}
			answers = append(answers, []any{id, id, answer, owner.id, answeredAt, answeredAt})
		} else if g.today.After(deadline) {
			reminded, escalated = deadline.Add(-48*time.Hour), deadline
		}
		channel := []string{stakeholders.ChannelWeb, stakeholders.ChannelWeb, stakeholders.ChannelEmail, stakeholders.ChannelPhone}[g.r.IntN(4)]
		if err := ib.add(id, y, seq[y], stakeholders.Reference(y, seq[y]), channel, fmt.Sprintf("Avsender %d", id), email, "",
			topic, "Jeg lurer på "+topic+".", "nb", state, owner.id, deadline, answer, answered, nullID(owner.id, answered), closed,
			faqQ, faqA, faqAt, t, reminded, escalated, nil, t, t); err != nil {
			return err
		}
		g.record(t, 0, auditInquiryCreate, id, int64(y), int64(seq[y]))
	}
	if err := ib.close(); err != nil {
		return err
	}
	ab := g.bulk("inquiry_answers", "id", "inquiry_id", "body", "sent_by", "sent_at", "mailed_at")
	for _, row := range answers {
		if err := ab.add(row...); err != nil {
			return err
		}
	}
	return ab.close()
}

// nullID is id when the time is set, else NULL.
func nullID(id int64, t any) any {
	if t == nil {
		return nil
	}
	return id
}

func benchCatalog(g *benchGen) error {
	sb := g.bulk("standards", "id", "code", "name", "owner", "scope", "url", "created_at", "updated_at")
	vb := g.bulk("standard_versions", "id", "standard_id", "version", "published_on", "status", "decision_id", "adopted_on", "retired_on")
	type ver struct {
		id      int64
		retired bool
	}
	var vers []ver
	var vid int64
	for k, s := range demoStandards {
		sid := int64(k + 1)
		if err := sb.add(sid, s.code, s.name, s.owner, s.scope, s.url, g.start, g.start); err != nil {
			return err
		}
		for _, v := range s.versions {
			vid++
			var retired any
			if v.status == catalog.Retired {
				retired = store.Date(v.published.AddDate(2, 5, 0))
			}
			if err := vb.add(vid, sid, v.version, store.Date(v.published), v.status, nil, store.Date(v.published), retired); err != nil {
				return err
			}
			vers = append(vers, ver{vid, v.status == catalog.Retired})
		}
	}
	if err := sb.close(); err != nil {
		return err
	}
	if err := vb.close(); err != nil {
		return err
	}
	vendors := g.orgOfKind(policy.OrgVendor)
	if len(vendors) == 0 {
		return nil
	}
	products := g.times(500)
	db := g.bulk("conformance_declarations", "id", "vendor_id", "product", "product_version", "standard_version_id", "evidence_url",
		"state", "reason", "declared_by", "declared_at", "decided_by", "decided_at")
	n := g.times(3_000)
	for k := range n {
		id := int64(k + 1)
		p := k % products
		vendor := vendors[p%len(vendors)]
		v := pick(g.r, vers)
		at := g.between(g.start, g.today)
		decider := g.member(policy.BodySecretariat, at)
		state, reason := catalog.Verified, ""
		switch r := g.r.IntN(10); {
		case v.retired:
			state = catalog.Expired
		case r == 0:
			state, reason = catalog.Rejected, "Testrapporten mangler."
		case r == 1:
			state = catalog.Declared
		}
		var decidedBy, decidedAt any = decider.id, at.Add(g.days(1, 30))
		if state == catalog.Declared {
			decidedBy, decidedAt = nil, nil
		}
		if err := db.add(id, vendor.id, fmt.Sprintf("Produkt %d", p+1), fmt.Sprintf("%d.%d", 1+k/products, g.r.IntN(10)), v.id,
			fmt.Sprintf("https://test.example.org/run/%d", id), state, reason, nil, at, decidedBy, decidedAt); err != nil {
			return err
		}
		g.record(at, 0, auditDeclare, id, vendor.id, v.id)
	}
	return db.close()
}
