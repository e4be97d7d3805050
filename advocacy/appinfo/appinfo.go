// Package appinfo holds the facts about Advocate that every part of it shares:
// its name, its reverse-DNS identifier and its version.
package appinfo

// Name is the product name shown to users.
const Name = "Advocate"

// ID is the reverse-DNS application identifier. It is the ID passed to
// app.NewWithID, the ID in FyneApp.toml, and the keyring service name.
const ID = "app.advocate.desktop"

// Version is the release version, kept equal to FyneApp.toml's Details.Version.
const Version = "0.1.0"
