package policy

// The toolkit (verktøykasse) and news (issue 15, items 6 and 7): the
// secretariat keeps documents, templates and guides with versions and
// writes the news; public documents and news are for everyone, members-only
// documents for signed-in people.
const (
	ToolkitList Action = "toolkit.list" // the documents one may see (filtered in SQL)
	ToolkitView Action = "toolkit.view" // one document with its versions and files; Resource.State is its visibility
	ToolkitEdit Action = "toolkit.edit" // add documents and versions
	NewsList    Action = "news.list"    // the news and the Atom feed (public)
	NewsView    Action = "news.view"    // one news item (public)
	NewsEdit    Action = "news.edit"    // write and publish news
)

// ToolkitPublic is the Resource.State of a public toolkit document.
const ToolkitPublic = "public"

var _ = register(map[Action]Rule{
	ToolkitList: anyone,
	ToolkitView: func(a *Actor, r Resource) bool { return r.State == ToolkitPublic || signedIn(a, r) },
	ToolkitEdit: roles(Secretariat),
	NewsList:    anyone,
	NewsView:    anyone,
	NewsEdit:    roles(Secretariat),
})
