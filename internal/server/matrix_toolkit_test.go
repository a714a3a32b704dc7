package server_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
	"github.com/samstyr/samstyr/internal/toolkit"
)

// toolkitFixture creates what the toolkit and news rows act on:
//
//	{tk_public}: a public document whose version 1 has a file
//	{tk_members}: a members-only document
//	{news}: a news item
func toolkitFixture(t testing.TB, a *apptest.App) []string {
	ctx := context.Background()
	sys := policy.SystemActor
	pub := &toolkit.Document{Category: "Maler", Title: "Mal for saksframlegg", Visibility: toolkit.Public}
	if err := a.Toolkit.CreateDocument(ctx, sys, pub, &toolkit.Version{FileName: "mal.pdf", FileData: []byte("%PDF-1.4\n% mal\n")}); err != nil {
		t.Fatal(err)
	}
	mem := &toolkit.Document{Category: "Metodeveiledere", Title: "Intern veileder", Visibility: toolkit.Members}
	if err := a.Toolkit.CreateDocument(ctx, sys, mem, &toolkit.Version{Text: "# Intern"}); err != nil {
		t.Fatal(err)
	}
	n := &toolkit.News{Title: "Nyhet", Summary: "Kort", Lang: "nb"}
	if err := a.Toolkit.PublishNews(ctx, sys, n); err != nil {
		t.Fatal(err)
	}
	return []string{"{tk_public}", fmt.Sprint(pub.ID), "{tk_members}", fmt.Sprint(mem.ID), "{news}", fmt.Sprint(n.ID)}
}

var _ = addFixture(toolkitFixture)

// Roles, in order: anonymous member vendor secretariat user_council
// strategic_council working_committee admin.
var _ = addRows(
	matrixRow{route: "GET /toolkit", path: "/toolkit?q=mal", want: "oooooooo"},
	matrixRow{route: "GET /toolkit/new", path: "/toolkit/new", want: "lffoffff"},
	matrixRow{route: "POST /toolkit", path: "/toolkit", form: "category=Maler&title=Ny+{role}&visibility=public&text=Tekst", want: "lffoffff"},
	matrixRow{route: "GET /toolkit/{id}", path: "/toolkit/{tk_members}", want: "nooooooo"},
	matrixRow{route: "POST /toolkit/{id}/versions", path: "/toolkit/{tk_public}/versions", form: "text=Ny+tekst&note={role}", want: "lffoffff"},
	matrixRow{route: "GET /toolkit/{id}/versions/{n}/file", path: "/toolkit/{tk_public}/versions/1/file", want: "oooooooo"},
	matrixRow{route: "GET /news", path: "/news", want: "oooooooo"},
	matrixRow{route: "GET /news.atom", path: "/news.atom", want: "oooooooo"},
	matrixRow{route: "GET /news/new", path: "/news/new", want: "lffoffff"},
	matrixRow{route: "POST /news", path: "/news", form: "title=Nytt+{role}&summary=Kort&lang=nb", want: "lffoffff"},
	matrixRow{route: "GET /news/{id}", path: "/news/{news}", want: "oooooooo"},

	matrixRow{route: "GET /api/v1/toolkit", path: "/api/v1/toolkit", want: "oooooooo"},
	matrixRow{route: "POST /api/v1/toolkit", path: "/api/v1/toolkit", json: `{"category":"Maler","title":"API {role}","visibility":"members","text":"Tekst"}`, want: "lffoffff"},
	matrixRow{route: "GET /api/v1/toolkit/{id}", path: "/api/v1/toolkit/{tk_members}", want: "nooooooo"},
	matrixRow{route: "POST /api/v1/toolkit/{id}/versions", path: "/api/v1/toolkit/{tk_public}/versions", json: `{"text":"API-versjon"}`, want: "lffoffff"},
	matrixRow{route: "GET /api/v1/news", path: "/api/v1/news", want: "oooooooo"},
	matrixRow{route: "POST /api/v1/news", path: "/api/v1/news", json: `{"title":"API {role}","summary":"Kort","lang":"en"}`, want: "lffoffff"},
	matrixRow{route: "GET /api/v1/news/{id}", path: "/api/v1/news/{news}", want: "oooooooo"},
)
