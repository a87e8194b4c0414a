"""Services: every change to a dialogue goes through one of these functions.

They take a SQLAlchemy Session (one transaction, from `Database.session()`) and return
frozen views; the web and CLI layers stay thin around them.
"""
