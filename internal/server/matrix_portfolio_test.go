package server_test

// Roles, in order: anonymous member vendor secretariat user_council
// strategic_council working_committee admin.
var _ = addRows(
	matrixRow{route: "GET /portfolio", path: "/portfolio", want: "lffooooo"},
	matrixRow{route: "POST /portfolio", path: "/portfolio", form: "example=pf-n50-t3&time_limit=10&frontier=0", want: "lffooooo"},
	matrixRow{route: "POST /api/v1/portfolio/optimize", path: "/api/v1/portfolio/optimize?time_limit=5s",
		json: `{"format":"portfolio-instance/v1","years":1,"budget":[10],"projects":[{"id":"a","benefit":3,"cost":[6]},{"id":"b","benefit":2,"cost":[5]}]}`,
		want: "lffooooo"},
)
