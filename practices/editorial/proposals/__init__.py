"""The public "Propose a practice" form: /<lang>/propose/.

forms.py (the fields, in the visitor's language), files.py (what an
attachment really is, by its content), text.py (plain text to safe rich
text), ratelimit.py (proposals per IP address and per user), submission.py
(a valid proposal becomes a draft practice in review) and views.py.
"""
