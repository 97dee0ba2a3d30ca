"""planextract plugin for KSL (Kommunförbundet Stockholms Län) plans in the 2008 format."""
