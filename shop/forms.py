from django import forms
from django.contrib.auth.forms import AdminUserCreationForm, AuthenticationForm, UserChangeForm

from .models import User
from .serializers import RegisterSerializer


class LoginForm(AuthenticationForm):
    username = forms.CharField(label="User name, email or phone", max_length=254)


class RegisterForm(forms.Form):
    user_name = forms.CharField(max_length=150, help_text="Letters, digits and @ . + - _")
    email = forms.EmailField(required=False)
    phone = forms.CharField(max_length=20, required=False)
    password = forms.CharField(widget=forms.PasswordInput)
    password_again = forms.CharField(widget=forms.PasswordInput)
    invite_code = forms.CharField(max_length=16, required=False)

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", "The two passwords differ.")
        # The API's rules for the same fields, so the page and the API accept the same input.
        serializer = RegisterSerializer(data={k: v for k, v in data.items() if k != "password_again"})
        if not serializer.is_valid():
            for field, messages in serializer.errors.items():
                self.add_error(field if field in self.fields else None, messages)
        return data


class StaffUserCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User


class StaffUserChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
