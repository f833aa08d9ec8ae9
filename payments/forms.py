from django import forms


class RejectForm(forms.Form):
    reason = forms.CharField(
        max_length=500, widget=forms.Textarea(attrs={"rows": 3}), help_text="The shopper sees it on the order."
    )
