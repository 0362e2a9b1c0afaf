"""Merkitys domain layer: tables, services, aggregation and texts, free of Streamlit."""
