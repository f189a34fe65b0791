"""Pages of monitoring. Every organisation and report is fetched through
`visible_to(request.user)` (another subtree: 404); a role that may not use a page
gets 403. Views read the clock (today as the default `as_of`); nothing below does."""
