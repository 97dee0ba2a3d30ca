"""planextract plugin for Storsthlm plans in the 2021 brochure format."""
