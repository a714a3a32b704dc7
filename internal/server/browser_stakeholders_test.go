package server_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/catalog"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/stakeholders"
)

var _ = addBrowserFlows(
	browserFlow{"public inquiry form", "anonymous", func(t *testing.T, b *tab) {
		b.open("/inquiries/new")
		b.checkAxe("inquiry form")
		b.fill("sender_name", "Nettleser Ola", "sender_email", "ikke-en-adresse", "topic", "Planregister", "text", "<b>Hei</b>")
		b.wantInvalid(b.submit("text"), "inquiry form", "sender_email", "text")
		b.fill("sender_email", "ola@example.org", "text", "Når kommer det digitale planregisteret?")
		if status := b.submit("text"); status != 200 || !strings.HasPrefix(b.path(), "/inquiries/sent") {
			t.Fatalf("after sending: status %d at %s", status, b.path())
		}
		ref := b.text("#reference")
		if !stakeholders.ValidReference(ref) {
			t.Fatalf("the page shows no reference number: %q", b.text("main"))
		}
		b.checkAxe("inquiry sent")
		is, _, err := b.a.Inquiries.Queue(context.Background(), policy.SystemActor, stakeholders.Filter{})
		if err != nil || len(is) == 0 || is[0].Reference != ref || is[0].Topic != "Planregister" {
			t.Fatalf("stored: %v %v", is, err)
		}
		b.open("/faq")
		b.checkAxe("faq")
	}},
	browserFlow{"secretariat answers an inquiry", "secretariat", func(t *testing.T, b *tab) {
		ctx := context.Background()
		i := &stakeholders.Inquiry{Channel: stakeholders.ChannelEmail, SenderName: "Kari", SenderEmail: "kari@example.org", Topic: "Nettleserspørsmål", Text: "Hei"}
		if err := b.a.Inquiries.Register(ctx, policy.SystemActor, i); err != nil {
			t.Fatal(err)
		}
		b.open("/inquiries")
		b.checkAxe("inquiry queue")
		b.open(fmt.Sprintf("/inquiries/%d", i.ID))
		b.checkAxe("inquiry page")
		b.fill("answer", "Slik gjør du det.")
		b.wantSaved(b.submit("answer"), "inquiry answer", "/inquiries/")
		if !strings.Contains(b.text("#inquiry-state"), "Besvart") {
			t.Errorf("state after answering: %q", b.text("#inquiry-state"))
		}
	}},
	browserFlow{"public conformance page", "anonymous", func(t *testing.T, b *tab) {
		ctx := context.Background()
		sys := policy.SystemActor
		st := &catalog.Standard{Code: "NPSB", Name: "Nasjonal produktspesifikasjon", Owner: "KS"}
		if err := b.a.Standards.CreateStandard(ctx, sys, st); err != nil {
			t.Fatal(err)
		}
		v := &catalog.Version{StandardID: st.ID, Version: "3.1"}
		if err := b.a.Standards.AddVersion(ctx, sys, v); err != nil {
			t.Fatal(err)
		}
		d := &catalog.Declaration{VendorID: b.a.Organisations["vendor"].ID, Product: "Nettleser Sak", ProductVersion: "4.0",
			StandardVersionID: v.ID, EvidenceURL: "https://example.org/test/4"}
		if err := b.a.Standards.Declare(ctx, sys, d); err != nil {
			t.Fatal(err)
		}
		if _, err := b.a.Standards.Verify(ctx, sys, d.ID); err != nil {
			t.Fatal(err)
		}
		b.open(fmt.Sprintf("/conformance?version=%d", v.ID))
		b.checkAxe("conformance page")
		if !strings.Contains(b.text("#conforming"), "Nettleser Sak") || !strings.Contains(b.text("h1"), "NPSB 3.1") {
			t.Errorf("conformance page: %q / %q", b.text("h1"), b.text("#conforming"))
		}
		b.open("/standards")
		b.checkAxe("standards")
		b.open(fmt.Sprintf("/standards/%d", st.ID))
		b.checkAxe("standard page")
	}},
	browserFlow{"vendor declares conformance", "vendor", func(t *testing.T, b *tab) {
		ctx := context.Background()
		st := &catalog.Standard{Code: "SOSIB", Name: "SOSI", Owner: "Kartverket"}
		if err := b.a.Standards.CreateStandard(ctx, policy.SystemActor, st); err != nil {
			t.Fatal(err)
		}
		v := &catalog.Version{StandardID: st.ID, Version: "5.0"}
		if err := b.a.Standards.AddVersion(ctx, policy.SystemActor, v); err != nil {
			t.Fatal(err)
		}
		b.open(fmt.Sprintf("/conformance/new?version=%d", v.ID))
		b.checkAxe("declaration form")
		b.fill("product", "", "product_version", "1.0", "evidence_url", "ftp://x")
		b.wantInvalid(b.submit("product"), "declaration form", "product", "evidence_url")
		b.fill("product", "Nettleser Kart", "evidence_url", "https://example.org/sosi/run/1")
		b.wantSaved(b.submit("product"), "declaration form", "/conformance")
		ds, err := b.a.Standards.Declarations(ctx, policy.SystemActor, catalog.DeclarationFilter{StandardVersionID: v.ID})
		if err != nil || len(ds) != 1 || ds[0].State != catalog.Declared || ds[0].VendorID != b.a.Organisations["vendor"].ID {
			t.Fatalf("stored: %+v %v", ds, err)
		}
	}},
)
