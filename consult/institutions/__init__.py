"""Institutions (JST, from the TERYT register) and organisations (NGOs)."""
