"""The morning brief: each manager's email of what changed in their book since yesterday and what
is coming up (selection in ``selectors``, the email in ``rendering``, claiming and sending in
``services``). Other apps add sections through ``sections.register_section``."""
