package server_test

// The directive's and the mandate's documents and the mandate's form
// (internal/web/directive_docs.go, internal/api/directive_docs.go); the
// placeholders come from directivesFixture.
var _ = addRows(
	matrixRow{route: "GET /directives/{id}/versions/{n}/pdf", path: "/directives/{directive}/versions/1/pdf", want: "nnnooooo"},
	matrixRow{route: "GET /ideas/{id}/mandate.pdf", path: "/ideas/{idea}/mandate.pdf", want: "lffooooo"},
	matrixRow{route: "GET /ideas/{id}/mandate", path: "/ideas/{idea}/mandate", want: "lffoffff"},
	matrixRow{route: "POST /ideas/{id}/mandate", path: "/ideas/{idea}/mandate", form: "mandate.purpose=Mandat+{role}&mandate.cost_nok=1000", want: "lffoffff"},

	matrixRow{route: "GET /api/v1/directives/{id}/versions/{n}/pdf", path: "/api/v1/directives/{apidirective}/versions/1/pdf", want: "nnnooooo"},
	matrixRow{route: "GET /api/v1/ideas/{id}/mandate/pdf", path: "/api/v1/ideas/{idea}/mandate/pdf", want: "lffooooo"},
	matrixRow{route: "PUT /api/v1/ideas/{id}/mandate", path: "/api/v1/ideas/{idea}/mandate", json: `{"purpose":"Mandat {role}"}`, want: "lffoffff"},
)
