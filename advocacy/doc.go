// Package advocacy is the root of Advocate's domain: the policy engine,
// content catalogue, share pipeline, audit trail, credentials and network
// clients live in its sub-packages. Nothing under it imports Fyne.
package advocacy
